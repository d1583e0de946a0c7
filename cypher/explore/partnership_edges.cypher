// name: explore/partnership_edges
// title.zh: 成员间的共建关系
// title.en: Partnerships between members
// answers.zh: 查看日期本链成员之间有哪些现行共建关系？每条关系一行（source 为甲方，target 为乙方），可导出为 GraphML 用 Gephi 打开。
// answers.en: Which current partnerships link the chain's members on the viewing date? One row per relationship (source and target as recorded), ready to export as GraphML for Gephi.
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: as_of date = today | 查看日期：按当日在册的成员和有效的共建关系计算 | View the network as it stood on this date
// mode: read
MATCH (c:Chain {name: $chain})
MATCH (a:Organization)-[ma:MEMBER_OF]->(c)
WHERE (ma.joined_on IS NULL OR ma.joined_on <= date($as_of))
  AND (ma.left_on IS NULL OR ma.left_on > date($as_of))
MATCH (a)-[r:PARTNERS_WITH]->(b:Organization)
WHERE (r.since IS NULL OR r.since <= date($as_of))
  AND (r.until IS NULL OR r.until > date($as_of))
// The partner's membership in a MATCH of its own: see gaps/domain_matrix.
WITH c, a, r, b
MATCH (b)-[mb:MEMBER_OF]->(c)
WHERE (mb.joined_on IS NULL OR mb.joined_on <= date($as_of))
  AND (mb.left_on IS NULL OR mb.left_on > date($as_of))
RETURN a.uscc AS source, a.name AS source_name, b.uscc AS target, b.name AS target_name,
       r.kind AS kind, r.since AS since, r.until AS until
ORDER BY source, target
