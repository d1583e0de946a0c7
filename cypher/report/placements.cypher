// name: report/placements
// title.zh: 定向录用去向
// title.en: Where cohorts were placed
// answers.zh: 统计期所在年份内本链高校的人才批次在哪些金融机构实习、被定向录用，各多少人？
// answers.en: At which financial institutions did the cohorts of the chain's universities in the years of the period intern and get placed, and how many?
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: from_year int | 统计期开始的年份 | Year the period starts in
// param: to_year int | 统计期结束的年份 | Year the period ends in
// mode: read
MATCH (c:Chain {name: $chain})
MATCH (k:Cohort)-[:COHORT_OF]->(:Organization)-[:MEMBER_OF]->(c)
WHERE k.year >= $from_year AND k.year <= $to_year
MATCH (k)-[p:PLACED_WITH]->(f:Organization)
WITH f, toInteger(sum(coalesce(p.interns, 0))) AS interns,
     toInteger(sum(coalesce(p.placed, 0))) AS placed
RETURN f.uscc AS uscc, f.name AS name, interns, placed
ORDER BY placed DESC, interns DESC, name
