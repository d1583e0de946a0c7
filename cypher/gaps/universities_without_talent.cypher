// name: gaps/universities_without_talent
// title.zh: 未输送人才的高校
// title.en: Universities sending no talent
// answers.zh: 哪些成员高校金融学院截至查看日期所在年份，从未向成员金融机构输送过人才（实习或录用）？
// answers.en: Which member university finance schools have sent no talent (interns or hires) to a member financial institution up to the year of the viewing date?
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: as_of date = today | 查看日期：计入该年及以前的人才输送 | Count talent links of this date's year and earlier
// mode: read
// columns: name, uscc
// order: 40
// advice.zh: 与这些学院对接金融机构的实习和定向培养项目，把毕业生纳入南沙金融人才库。
// advice.en: Match these schools with institutions' internship and targeted-training places, and bring their graduates into the Nansha finance talent pool.
MATCH (c:Chain {name: $chain})
MATCH (u:University)-[m:MEMBER_OF]->(c)
WHERE (m.joined_on IS NULL OR m.joined_on <= date($as_of))
  AND (m.left_on IS NULL OR m.left_on > date($as_of))
OPTIONAL MATCH (u)-[t:SUPPLIES_TALENT]->(f:FinancialInstitution)-[fm:MEMBER_OF]->(c)
WHERE t.year <= date($as_of).year
  AND (fm.joined_on IS NULL OR fm.joined_on <= date($as_of))
  AND (fm.left_on IS NULL OR fm.left_on > date($as_of))
WITH u, count(t) AS talent_links
WHERE talent_links = 0
RETURN u.uscc AS uscc, u.name AS name
ORDER BY name, uscc
