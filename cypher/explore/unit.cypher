// name: explore/unit
// title.zh: 单位概况
// title.en: One unit at a glance
// answers.zh: 按统一社会信用代码或准确名称查找一个单位：领域、所在街镇、所属链、现行共建伙伴数、参加活动数和依托的基地。
// answers.en: Look a unit up by credit code or exact name: its domain, subdistrict, chains, number of current partners, activities taken part in, and bases it hosts.
// param: key text | 统一社会信用代码或准确名称 | Credit code or exact name
// param: as_of date = today | 查看日期：按当日有效的共建关系计算 | Count partnerships current on this date
// mode: read
MATCH (o:Organization)
WHERE o.uscc = $key OR o.name = $key
OPTIONAL MATCH (o)-[:LOCATED_IN]->(s:Organization)
WITH o, collect(DISTINCT s.name) AS subdistricts
OPTIONAL MATCH (o)-[m:MEMBER_OF]->(c:Chain)
WHERE (m.joined_on IS NULL OR m.joined_on <= date($as_of))
  AND (m.left_on IS NULL OR m.left_on > date($as_of))
WITH o, subdistricts, collect(DISTINCT c.name) AS chains
OPTIONAL MATCH (o)-[r:PARTNERS_WITH]-(p:Organization)
WHERE (r.since IS NULL OR r.since <= date($as_of))
  AND (r.until IS NULL OR r.until > date($as_of))
WITH o, subdistricts, chains, count(DISTINCT p) AS partners
OPTIONAL MATCH (o)-[t:TOOK_PART_IN]->(a:Activity)
WHERE a.date <= date($as_of)
WITH o, subdistricts, chains, partners, count(DISTINCT a) AS activities
OPTIONAL MATCH (b:Base)-[:HOSTED_BY]->(o)
RETURN o.uscc AS uscc, o.name AS name, o.name_en AS name_en,
       [l IN labels(o) WHERE l <> 'Organization'][0] AS domain,
       subdistricts, chains, partners, activities, collect(DISTINCT b.name) AS bases
