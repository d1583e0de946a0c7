// name: report/members
// title.zh: 各领域在册成员
// title.en: Members by domain
// answers.zh: 统计期末本链各领域各有多少在册成员？
// answers.en: How many members does the chain have in each domain on the last day of the period?
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: to date = today | 统计期结束（含）：按当日在册的成员和有效的关系计算 | Last day of the period; members and links as they stood that day
// mode: read
MATCH (c:Chain {name: $chain})
MATCH (o:Organization)-[m:MEMBER_OF]->(c)
WHERE (m.joined_on IS NULL OR m.joined_on <= date($to)) AND (m.left_on IS NULL OR m.left_on > date($to))
RETURN o.domain AS domain, count(o) AS members
ORDER BY domain
