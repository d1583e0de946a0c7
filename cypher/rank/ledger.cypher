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
MATCH (c:Chain {name: $chain})
MATCH (o:Organization)-[t:TOOK_PART_IN]->(a:Activity)-[:ACTIVITY_OF]->(c)
WHERE a.date >= date($from) AND a.date <= date($to)
// One row per unit: its activities in the period, each as [code, title, date, kind, key project,
// typed points, typed bonus] (a list, since collect() would drop a null typed value).
WITH o, collect([a.code, a.title, a.date, a.kind, coalesce(a.key_project, false), t.points, t.bonus])
     AS activities
OPTIONAL MATCH (o)-[:LOCATED_IN]->(s:Organization)
WITH o, activities, min(s.name) AS subdistrict
RETURN o.uscc AS uscc, o.name AS name, o.domain AS domain, labels(o) AS labels, subdistrict,
       activities
