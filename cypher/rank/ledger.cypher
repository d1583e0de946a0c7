// name: rank/ledger
// title.zh: 积分明细原始数据
// title.en: Points ledger rows
// answers.zh: 统计期内每个单位参加了本链哪些活动（活动类型、日期、是否重点项目、录入的积分和加分）？redchain points 据此按积分规则计分。
// answers.en: Which of the chain's activities did each unit take part in during the period (kind, date, key project, points and bonus typed in)? redchain points scores these rows by the points rules.
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: as_of date = today | 查看日期：统计期的默认终点 | The date the period ends by default
// param: from date = as_of-1y | 统计期开始（含） | First day of the period
// param: to date = as_of | 统计期结束（含） | Last day of the period
// mode: read
MATCH (c:Chain {name: $chain})<-[:ACTIVITY_OF]-(a:Activity)
WHERE a.date >= date($from) AND a.date <= date($to)
RETURN 'activity' AS row, a.code AS key, [a.title, a.date, a.kind, a.key_project] AS data
// Each activity's attributes travel once in the 'activity' rows above (key = the code), not once
// per participant; then one 'unit' row per unit that took part (key = the credit code; data =
// name, domain, the codes of its activities and, in the same order, the points and bonus typed
// in, '' where none was), and one 'place' row per unit with its subdistrict. Three flat lists
// and a separate subdistrict lookup cost FalkorDB 4.16 half of what nested lists and an
// OPTIONAL MATCH after the aggregation did.
UNION ALL
MATCH (c:Chain {name: $chain})<-[:ACTIVITY_OF]-(a:Activity)
WHERE a.date >= date($from) AND a.date <= date($to)
MATCH (o:Organization)-[t:TOOK_PART_IN]->(a)
WITH o, collect(a.code) AS codes, collect(coalesce(t.points, '')) AS points,
     collect(coalesce(t.bonus, '')) AS bonus
RETURN 'unit' AS row, o.uscc AS key, [o.name, o.domain, codes, points, bonus] AS data
UNION ALL
MATCH (o:Organization)-[:LOCATED_IN]->(s:Organization)
WITH o, min(s.name) AS subdistrict
RETURN 'place' AS row, o.uscc AS key, [subdistrict] AS data
