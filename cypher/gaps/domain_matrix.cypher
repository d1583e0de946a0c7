// name: gaps/domain_matrix
// title.zh: 五大领域共建矩阵
// title.en: Partnerships between the five domains
// answers.zh: 五大领域两两之间各有多少条现行共建关系？计数为零的格子就是空白。每对单位只计一次，不论关系的方向。
// answers.en: How many current partnerships link each pair of the five domains? A cell of zero is a gap. Each pair of units counts once, whichever way the relationship points.
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: as_of date = today | 查看日期：按当日在册的成员和有效的共建关系计算 | View the network as it stood on this date
// mode: read
// columns: domains
// order: 10
// shape: domain_matrix
// advice.zh: 为空白的领域组合牵线搭桥，例如组织一次跨领域共建签约或联合主题党日。
// advice.en: Broker a first partnership for each empty pair of domains, e.g. a cross-domain co-building agreement or a joint party day.
MATCH (c:Chain {name: $chain})
MATCH (a:Organization)-[ma:MEMBER_OF]->(c)
WHERE (ma.joined_on IS NULL OR ma.joined_on <= date($as_of))
  AND (ma.left_on IS NULL OR ma.left_on > date($as_of))
MATCH (a)-[r:PARTNERS_WITH]-(b:Organization)
WHERE a.uscc < b.uscc
  AND (r.since IS NULL OR r.since <= date($as_of))
  AND (r.until IS NULL OR r.until > date($as_of))
// A separate MATCH walks from each partnership to the partner's membership; one pattern from a
// to the chain made FalkorDB pair every member with every other (300 times slower at 2,000).
WITH c, a, b
MATCH (b)-[mb:MEMBER_OF]->(c)
WHERE (mb.joined_on IS NULL OR mb.joined_on <= date($as_of))
  AND (mb.left_on IS NULL OR mb.left_on > date($as_of))
WITH DISTINCT a, b
WITH [l IN labels(a) WHERE l <> 'Organization'][0] AS domain_a,
     [l IN labels(b) WHERE l <> 'Organization'][0] AS domain_b
WITH domain_a, domain_b, count(*) AS pairs
WITH collect({a: domain_a, b: domain_b, n: pairs}) AS cells
WITH cells,
     ['GovernmentBody', 'Subdistrict', 'Association', 'FinancialInstitution', 'University'] AS domains
UNWIND range(0, size(domains) - 1) AS i
UNWIND range(0, size(domains) - 1) AS j
WITH domains[i] AS row_domain, domains[j] AS col_domain,
     reduce(total = 0, x IN cells |
       total + CASE
         WHEN (x.a = domains[i] AND x.b = domains[j]) OR (x.a = domains[j] AND x.b = domains[i])
         THEN x.n ELSE 0 END) AS partnerships
RETURN row_domain, col_domain, partnerships, partnerships = 0 AS empty
