// name: report/cohorts
// title.zh: 人才批次：培训、实习、定向录用
// title.en: Talent cohorts: trained, interned, placed
// answers.zh: 统计期所在年份内本链高校的各人才批次培训了多少人，多少人实习、多少人定向录用？
// answers.en: For the cohorts of the chain's universities in the years of the period, how many were trained, how many interned and how many were placed?
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: from_year int | 统计期开始的年份 | Year the period starts in
// param: to_year int | 统计期结束的年份 | Year the period ends in
// mode: read
MATCH (c:Chain {name: $chain})
MATCH (k:Cohort)-[:COHORT_OF]->(u:Organization)-[:MEMBER_OF]->(c)
WHERE k.year >= $from_year AND k.year <= $to_year
OPTIONAL MATCH (k)-[p:PLACED_WITH]->(:Organization)
WITH k, u, toInteger(sum(coalesce(p.interns, 0))) AS interns,
     toInteger(sum(coalesce(p.placed, 0))) AS placed
RETURN k.code AS code, u.name AS university, k.year AS year,
       coalesce(k.trained, 0) AS trained, interns, placed
ORDER BY year, code
