// name: report/partnerships
// title.zh: 现行共建关系
// title.en: Partnerships in force
// answers.zh: 统计期末本链在册成员之间有多少对现行的共建关系（一对单位计一次，与五大领域共建矩阵相同），其中多少对在统计期内开始？
// answers.en: How many pairs of members of the chain are partners on the last day of the period (a pair counts once, as in the domain matrix), and how many of those partnerships began in the period?
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: from date = to-1y | 统计期开始（含） | First day of the period
// param: to date = today | 统计期结束（含）：按当日在册的成员和有效的关系计算 | Last day of the period; members and links as they stood that day
// mode: read
MATCH (c:Chain {name: $chain})
MATCH (a:Organization)-[m:MEMBER_OF]->(c)
WHERE (m.joined_on IS NULL OR m.joined_on <= date($to))
  AND (m.left_on IS NULL OR m.left_on > date($to))
MATCH (a)-[r:PARTNERS_WITH]-(b:Organization)
WHERE a.uscc < b.uscc
  AND (r.since IS NULL OR r.since <= date($to))
  AND (r.until IS NULL OR r.until > date($to))
// One row per pair: a pair partnering in two ways still counts once, from its first start.
WITH c, a, b, min(r.since) AS since
MATCH (b)-[n:MEMBER_OF]->(c)
WHERE (n.joined_on IS NULL OR n.joined_on <= date($to))
  AND (n.left_on IS NULL OR n.left_on > date($to))
// toInteger(): FalkorDB returns every sum() as a float, Neo4j an integer sum of integers.
RETURN count(*) AS in_force,
       toInteger(sum(CASE WHEN since >= date($from) THEN 1 ELSE 0 END)) AS begun
