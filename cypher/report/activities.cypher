// name: report/activities
// title.zh: 活动与参与
// title.en: Activities and participation
// answers.zh: 本链统计期内开展了多少活动，多少单位参与、共多少人次（单位次）？（积分由积分台账按规则计算：rank/ledger）
// answers.en: How many activities did the chain hold in the period, how many units took part and how many times? (Points come from the rules, through the ledger: rank/ledger.)
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: from date = to-1y | 统计期开始（含） | First day of the period
// param: to date = today | 统计期结束（含）：按当日在册的成员和有效的关系计算 | Last day of the period; members and links as they stood that day
// mode: read
MATCH (c:Chain {name: $chain})
MATCH (act:Activity)-[:ACTIVITY_OF]->(c)
WHERE act.date >= date($from) AND act.date <= date($to)
OPTIONAL MATCH (o:Organization)-[t:TOOK_PART_IN]->(act)
RETURN count(DISTINCT act) AS activities, count(t) AS participations,
       count(DISTINCT o) AS units,
       count(DISTINCT CASE WHEN act.key_project THEN act END) AS key_projects
