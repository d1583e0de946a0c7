// name: report/talent_pool
// title.zh: 万名人才库
// title.en: Talent pool
// answers.zh: 统计期结束那一年本链人才库有多少人？
// answers.en: How large is the chain's talent pool in the year the period ends?
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: year int | 年份 | Year
// mode: read
MATCH (c:Chain {name: $chain})
MATCH (p:TalentPool)-[:POOL_OF]->(c)
WHERE p.year = $year
RETURN toInteger(sum(coalesce(p.size, 0))) AS size, count(p) AS pools
