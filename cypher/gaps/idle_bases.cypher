// name: gaps/idle_bases
// title.zh: 闲置的党建基地
// title.en: Idle bases
// answers.zh: 本链哪些基地和分基地在统计期内没有举办过任何活动？查看日期时尚未授牌的基地不计。
// answers.en: Which of the chain's bases and sub-bases held no activity in the period? Bases not yet opened on the viewing date are left out.
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: as_of date = today | 查看日期：只计该日及以前的活动 | View the network as it stood on this date; later activities do not count
// param: from date = as_of-1y | 统计期开始（含） | First day of the period
// param: to date = as_of | 统计期结束（含） | Last day of the period
// mode: read
// columns: name, kind, host, host_uscc
// order: 60
// advice.zh: 与依托单位商定下一次在基地举办的活动；长期闲置的分基地可考虑复核授牌。
// advice.en: Agree the next event at each base with its host; review the licence of sub-bases idle for long.
MATCH (c:Chain {name: $chain})
MATCH (b:Base)-[:PART_OF]->(c)
WHERE b.opened_on IS NULL OR b.opened_on <= date($as_of)
OPTIONAL MATCH (a:Activity)-[h:HELD_AT]->(b)
WHERE a.date >= date($from) AND a.date <= date($to) AND a.date <= date($as_of)
WITH b, count(h) AS activities
WHERE activities = 0
OPTIONAL MATCH (b)-[:HOSTED_BY]->(host:Organization)
RETURN b.name AS name, b.kind AS kind, host.name AS host, host.uscc AS host_uscc
ORDER BY name
