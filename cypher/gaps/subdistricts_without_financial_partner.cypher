// name: gaps/subdistricts_without_financial_partner
// title.zh: 没有金融机构共建的街镇
// title.en: Subdistricts without a financial partner
// answers.zh: 哪些成员街镇与任何成员金融机构都没有现行共建关系？
// answers.en: Which member subdistricts and towns have no current partnership with any member financial institution?
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: as_of date = today | 查看日期：按当日在册的成员和有效的共建关系计算 | View the network as it stood on this date
// mode: read
// columns: name, uscc
// order: 20
// advice.zh: 为这些街镇对接一家金融机构开展街企共建，优先考虑辖区内的网点。
// advice.en: Pair each of these subdistricts with a financial institution for subdistrict–enterprise co-building, starting with branches inside it.
MATCH (c:Chain {name: $chain})
MATCH (s:Subdistrict)-[m:MEMBER_OF]->(c)
WHERE (m.joined_on IS NULL OR m.joined_on <= date($as_of))
  AND (m.left_on IS NULL OR m.left_on > date($as_of))
OPTIONAL MATCH (s)-[r:PARTNERS_WITH]-(f:FinancialInstitution)-[fm:MEMBER_OF]->(c)
WHERE (r.since IS NULL OR r.since <= date($as_of))
  AND (r.until IS NULL OR r.until > date($as_of))
  AND (fm.joined_on IS NULL OR fm.joined_on <= date($as_of))
  AND (fm.left_on IS NULL OR fm.left_on > date($as_of))
WITH s, count(f) AS financial_partners
WHERE financial_partners = 0
RETURN s.uscc AS uscc, s.name AS name
ORDER BY name, uscc
