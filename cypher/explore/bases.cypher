// name: explore/bases
// title.zh: 党建基地及其活动
// title.en: Bases and their activities
// answers.zh: 本链有哪些基地和分基地？列出依托单位、地点、授牌日期、统计期内举办的活动数和最近一次活动日期。
// answers.en: What bases and sub-bases does the chain have? With host, site, opening date, activities held in the period and the date of the last one.
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: as_of date = today | 查看日期：只计该日及以前的活动 | Activities after this date do not count
// param: from date = as_of-1y | 统计期开始（含） | First day of the period
// param: to date = as_of | 统计期结束（含） | Last day of the period
// mode: read
MATCH (c:Chain {name: $chain})
MATCH (b:Base)-[:PART_OF]->(c)
OPTIONAL MATCH (b)-[:HOSTED_BY]->(host:Organization)
WITH b, collect(host)[0] AS host
OPTIONAL MATCH (a:Activity)-[:HELD_AT]->(b)
WHERE a.date <= date($as_of)
WITH b, host,
     count(CASE WHEN a.date >= date($from) AND a.date <= date($to) THEN a END) AS in_period,
     max(a.date) AS last_activity
RETURN b.name AS name, b.kind AS kind, b.site AS site, b.opened_on AS opened_on,
       host.name AS host, host.uscc AS host_uscc, in_period AS activities, last_activity
ORDER BY name
