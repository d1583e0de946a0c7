// name: gaps/dormant_members
// title.zh: 长期未参与活动的成员
// title.en: Dormant members
// answers.zh: 哪些成员在起始日期至查看日期之间没有参加过本链的任何活动？同时列出其最近一次参加活动的日期。
// answers.en: Which members have taken part in none of the chain's activities between the start date and the viewing date? Their last activity date is listed too.
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: as_of date = today | 查看日期：按当日在册的成员计算，只计该日及以前的活动 | View the network as it stood on this date; later activities do not count
// param: since date = as_of-1y | 起始日期：此后（含当日）没有活动即视为沉寂 | No activity on or after this date counts as dormant
// mode: read
// columns: name, uscc, last_activity
// order: 50
// advice.zh: 逐一联系这些成员，邀请参加下一次主题党日或共建活动，了解其困难。
// advice.en: Contact each of these members, invite them to the next themed party day or co-building event, and ask what holds them back.
MATCH (c:Chain {name: $chain})
MATCH (o:Organization)-[m:MEMBER_OF]->(c)
WHERE (m.joined_on IS NULL OR m.joined_on <= date($as_of))
  AND (m.left_on IS NULL OR m.left_on > date($as_of))
OPTIONAL MATCH (o)-[t:TOOK_PART_IN]->(a:Activity)-[:ACTIVITY_OF]->(c)
WHERE a.date <= date($as_of)
WITH o, max(a.date) AS last_activity
WHERE last_activity IS NULL OR last_activity < date($since)
RETURN o.uscc AS uscc, o.name AS name, last_activity
ORDER BY name, uscc
