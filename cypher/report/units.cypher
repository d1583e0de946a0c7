// name: report/units
// title.zh: 在册成员及所在街镇
// title.en: Members and their subdistricts
// answers.zh: 统计期末本链每个在册成员属于哪个领域、位于哪个街镇？
// answers.en: For each member of the chain on the last day of the period: its domain and its subdistrict or town?
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: to date = today | 统计期结束（含）：按当日在册的成员和有效的关系计算 | Last day of the period; members and links as they stood that day
// mode: read
MATCH (c:Chain {name: $chain})
MATCH (o:Organization)-[m:MEMBER_OF]->(c)
WHERE (m.joined_on IS NULL OR m.joined_on <= date($to)) AND (m.left_on IS NULL OR m.left_on > date($to))
OPTIONAL MATCH (o)-[:LOCATED_IN]->(s:Subdistrict)
RETURN o.uscc AS uscc, o.name AS name, o.domain AS domain,
       s.uscc AS subdistrict_uscc, s.name AS subdistrict
ORDER BY name, uscc
