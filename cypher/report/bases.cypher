// name: report/bases
// title.zh: 党建基地与活跃基地
// title.en: Bases and active bases
// answers.zh: 本链统计期末已授牌的基地有多少，其中多少在统计期内举办过活动？
// answers.en: How many of the chain's bases are open on the last day of the period, and how many of them held an activity in the period?
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: from date = to-1y | 统计期开始（含） | First day of the period
// param: to date = today | 统计期结束（含）：按当日在册的成员和有效的关系计算 | Last day of the period; members and links as they stood that day
// mode: read
MATCH (c:Chain {name: $chain})
MATCH (b:Base)-[:PART_OF]->(c)
WHERE b.opened_on IS NULL OR b.opened_on <= date($to)
OPTIONAL MATCH (act:Activity)-[h:HELD_AT]->(b)
WHERE act.date >= date($from) AND act.date <= date($to)
WITH b, count(h) AS held
RETURN count(b) AS bases, toInteger(sum(CASE WHEN held > 0 THEN 1 ELSE 0 END)) AS active
