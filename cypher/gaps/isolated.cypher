// name: gaps/isolated
// title.zh: 孤立的成员
// title.en: Isolated members
// answers.zh: 哪些成员与其他任何成员都没有现行共建关系？
// answers.en: Which members have no current partnership with any other member?
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: as_of date = today | 查看日期：按当日在册的成员和有效的共建关系计算 | View the network as it stood on this date
// mode: read
// columns: name, uscc
// order: 80
// advice.zh: 为每个孤立成员安排至少一个共建伙伴，最好是同一街镇或同一领域的活跃单位。
// advice.en: Give every isolated member at least one partner, ideally an active unit in the same subdistrict or domain.
MATCH (c:Chain {name: $chain})
MATCH (o:Organization)-[m:MEMBER_OF]->(c)
WHERE (m.joined_on IS NULL OR m.joined_on <= date($as_of))
  AND (m.left_on IS NULL OR m.left_on > date($as_of))
OPTIONAL MATCH (o)-[r:PARTNERS_WITH]-(p:Organization)-[pm:MEMBER_OF]->(c)
WHERE p <> o
  AND (r.since IS NULL OR r.since <= date($as_of))
  AND (r.until IS NULL OR r.until > date($as_of))
  AND (pm.joined_on IS NULL OR pm.joined_on <= date($as_of))
  AND (pm.left_on IS NULL OR pm.left_on > date($as_of))
WITH o, count(p) AS partners
WHERE partners = 0
RETURN o.uscc AS uscc, o.name AS name
ORDER BY name, uscc
