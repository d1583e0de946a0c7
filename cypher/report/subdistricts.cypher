// name: report/subdistricts
// title.zh: 各街镇共建情况
// title.en: Subdistricts and towns
// answers.zh: 统计期末本链每个在册街镇（连同位于该街镇的在册成员）有多少单位、现行共建关系和有效协议，统计期内参加了多少场活动？
// answers.en: For each subdistrict or town that is a member of the chain on the last day of the period, with the members located in it: how many units, partnerships and agreements in force, and how many activities they took part in during the period?
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: from date = to-1y | 统计期开始（含） | First day of the period
// param: to date = today | 统计期结束（含）：按当日在册的成员和有效的关系计算 | Last day of the period; members and links as they stood that day
// mode: read
MATCH (c:Chain {name: $chain})
MATCH (s:Subdistrict)-[m:MEMBER_OF]->(c)
WHERE (m.joined_on IS NULL OR m.joined_on <= date($to)) AND (m.left_on IS NULL OR m.left_on > date($to))
OPTIONAL MATCH (o:Organization)-[:LOCATED_IN]->(s)
OPTIONAL MATCH (o)-[om:MEMBER_OF]->(c)
WITH c, s, collect(CASE
       WHEN om IS NOT NULL AND (om.joined_on IS NULL OR om.joined_on <= date($to))
            AND (om.left_on IS NULL OR om.left_on > date($to)) THEN o
     END) AS located
WITH c, s, located + [s] AS units
UNWIND units AS u
OPTIONAL MATCH (u)-[r:PARTNERS_WITH]-(:Organization)
WHERE (r.since IS NULL OR r.since <= date($to)) AND (r.until IS NULL OR r.until > date($to))
WITH c, s, units, collect(DISTINCT r) AS partnerships
UNWIND units AS u
OPTIONAL MATCH (u)-[:PARTY_TO]->(a:Agreement)-[:AGREEMENT_OF]->(c)
WHERE a.signed_on <= date($to) AND (a.ends_on IS NULL OR a.ends_on >= date($to))
WITH c, s, units, partnerships, collect(DISTINCT a) AS agreements
UNWIND units AS u
OPTIONAL MATCH (u)-[:TOOK_PART_IN]->(act:Activity)-[:ACTIVITY_OF]->(c)
WHERE act.date >= date($from) AND act.date <= date($to)
WITH s, units, partnerships, agreements, collect(DISTINCT act) AS activities
RETURN s.uscc AS uscc, s.name AS name, size(units) AS units,
       size(partnerships) AS partnerships, size(agreements) AS agreements,
       size(activities) AS activities
ORDER BY name, uscc
