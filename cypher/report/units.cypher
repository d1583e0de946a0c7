// name: report/units
// title.zh: 在册成员及所在街镇
// title.en: Members and their subdistricts
// answers.zh: 统计期末本链每个在册成员属于哪个领域、位于哪个街镇，统计期内参加了几次活动、得了多少积分（含加分）？
// answers.en: For each member of the chain on the last day of the period: its domain, its subdistrict or town, and how many activities it took part in and points (with bonus points) it earned in the period?
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: from date = to-1y | 统计期开始（含） | First day of the period
// param: to date = today | 统计期结束（含）：按当日在册的成员和有效的关系计算 | Last day of the period; members and links as they stood that day
// mode: read
MATCH (c:Chain {name: $chain})
MATCH (o:Organization)-[m:MEMBER_OF]->(c)
WHERE (m.joined_on IS NULL OR m.joined_on <= date($to)) AND (m.left_on IS NULL OR m.left_on > date($to))
OPTIONAL MATCH (o)-[:LOCATED_IN]->(s:Subdistrict)
WITH c, o, s
OPTIONAL MATCH (o)-[t:TOOK_PART_IN]->(act:Activity)-[:ACTIVITY_OF]->(c)
WHERE act.date >= date($from) AND act.date <= date($to)
RETURN o.uscc AS uscc, o.name AS name, o.domain AS domain,
       s.uscc AS subdistrict_uscc, s.name AS subdistrict,
       count(t) AS activities,
       toInteger(sum(coalesce(t.points, 0))) AS points,
       toInteger(sum(coalesce(t.bonus, 0))) AS bonus
ORDER BY name, uscc
