// name: report/partnerships
// title.zh: 现行共建关系
// title.en: Partnerships in force
// answers.zh: 统计期末本链在册成员之间有多少现行的共建关系，其中多少在统计期内开始？
// answers.en: How many partnerships between members of the chain are in force on the last day of the period, and how many of them began in the period?
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: from date = to-1y | 统计期开始（含） | First day of the period
// param: to date = today | 统计期结束（含）：按当日在册的成员和有效的关系计算 | Last day of the period; members and links as they stood that day
// mode: read
MATCH (c:Chain {name: $chain})
MATCH (a:Organization)-[m:MEMBER_OF]->(c)
WHERE (m.joined_on IS NULL OR m.joined_on <= date($to)) AND (m.left_on IS NULL OR m.left_on > date($to))
MATCH (a)-[r:PARTNERS_WITH]->(b:Organization)-[n:MEMBER_OF]->(c)
WHERE (n.joined_on IS NULL OR n.joined_on <= date($to)) AND (n.left_on IS NULL OR n.left_on > date($to))
  AND (r.since IS NULL OR r.since <= date($to)) AND (r.until IS NULL OR r.until > date($to))
// toInteger(): FalkorDB returns every sum() as a float, Neo4j an integer sum of integers.
RETURN count(r) AS in_force,
       toInteger(sum(CASE WHEN r.since >= date($from) THEN 1 ELSE 0 END)) AS begun
