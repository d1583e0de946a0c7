// name: gaps/financial_without_talent
// title.zh: 未接收高校人才的金融机构
// title.en: Financial institutions receiving no talent
// answers.zh: 哪些成员金融机构截至查看日期所在年份，从未接收过成员高校输送的人才（实习或录用）？
// answers.en: Which member financial institutions have received no talent (interns or hires) from a member university up to the year of the viewing date?
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: as_of date = today | 查看日期：计入该年及以前的人才输送 | Count talent links of this date's year and earlier
// mode: read
// columns: name, uscc
// order: 30
// advice.zh: 邀请这些金融机构加入明珠金融优才计划，提出实习和招聘岗位需求。
// advice.en: Invite these institutions into the Pearl Finance Talent Programme and collect their internship and hiring needs.
MATCH (c:Chain {name: $chain})
MATCH (f:FinancialInstitution)-[m:MEMBER_OF]->(c)
WHERE (m.joined_on IS NULL OR m.joined_on <= date($as_of))
  AND (m.left_on IS NULL OR m.left_on > date($as_of))
OPTIONAL MATCH (f)<-[t:SUPPLIES_TALENT]-(u:University)-[um:MEMBER_OF]->(c)
WHERE t.year <= date($as_of).year
  AND (um.joined_on IS NULL OR um.joined_on <= date($as_of))
  AND (um.left_on IS NULL OR um.left_on > date($as_of))
WITH f, count(t) AS talent_links
WHERE talent_links = 0
RETURN f.uscc AS uscc, f.name AS name
ORDER BY name, uscc
