// name: explore/org_nodes
// title.zh: 在册成员
// title.en: Members
// answers.zh: 查看日期本链有哪些在册成员？列出领域、所在街镇、加入日期，并标出链主单位。
// answers.en: Who are the chain's members on the viewing date? With domain, subdistrict, date joined, and the chain master marked.
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: as_of date = today | 查看日期：按当日在册的成员计算 | Members on this date
// mode: read
MATCH (c:Chain {name: $chain})
MATCH (o:Organization)-[m:MEMBER_OF]->(c)
WHERE (m.joined_on IS NULL OR m.joined_on <= date($as_of))
  AND (m.left_on IS NULL OR m.left_on > date($as_of))
OPTIONAL MATCH (o)-[:LOCATED_IN]->(s:Organization)
WITH c, o, m, collect(s.name)[0] AS subdistrict
OPTIONAL MATCH (c)-[led:LED_BY]->(o)
RETURN o.uscc AS uscc, o.name AS name,
       [l IN labels(o) WHERE l <> 'Organization'][0] AS domain,
       subdistrict, m.joined_on AS joined_on, led IS NOT NULL AS is_master
ORDER BY uscc
