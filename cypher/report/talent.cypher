// name: report/talent
// title.zh: 人才输送
// title.en: Talent supplied
// answers.zh: 统计期所在年份内，本链高校向金融机构输送了多少实习生、录用了多少人？
// answers.en: In the years of the period, how many interns did the chain's universities send to financial institutions, and how many were hired?
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: from_year int | 统计期开始的年份 | Year the period starts in
// param: to_year int | 统计期结束的年份 | Year the period ends in
// mode: read
MATCH (c:Chain {name: $chain})
MATCH (c)<-[:MEMBER_OF]-(u:Organization)-[s:SUPPLIES_TALENT]->(f:Organization)
WHERE s.year >= $from_year AND s.year <= $to_year
RETURN count(s) AS links,
       toInteger(sum(coalesce(s.interns, 0))) AS interns,
       toInteger(sum(coalesce(s.hires, 0))) AS hires
