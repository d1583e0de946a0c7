// name: rank/points
// title.zh: 录入积分排名
// title.en: Ranking by typed points
// answers.zh: 只按参与文件中录入的积分和加分（不按积分规则计算），统计期内参加本链活动的单位排名，前 top 名和后 top 名各是谁？同分按名称排序。按积分规则的排名见 redchain points。
// answers.en: Ranking the units that took part in the chain's activities in the period by the points and bonus typed in participation files only (not by the points rules), who are the first and the last `top`? Ties are ordered by name. The ranking by the rules is redchain points'.
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: as_of date = today | 查看日期：只计该日及以前的活动 | Activities after this date do not count
// param: from date = as_of-1y | 统计期开始（含） | First day of the period
// param: to date = as_of | 统计期结束（含） | Last day of the period
// param: top int = 10 | 前后各列几名 | How many to list at each end
// mode: read
MATCH (c:Chain {name: $chain})
MATCH (o:Organization)-[t:TOOK_PART_IN]->(a:Activity)-[:ACTIVITY_OF]->(c)
WHERE a.date >= date($from) AND a.date <= date($to) AND a.date <= date($as_of)
// toInteger(): FalkorDB returns every sum() as a float, Neo4j an integer sum of integers.
WITH o,
     toInteger(sum(coalesce(t.points, 0))) AS points,
     toInteger(sum(coalesce(t.bonus, 0))) AS bonus,
     count(t) AS activities
WITH o, points, bonus, points + bonus AS total, activities
ORDER BY total DESC, o.name, o.uscc
WITH collect({uscc: o.uscc, name: o.name, points: points, bonus: bonus, total: total,
              activities: activities}) AS ranking
UNWIND range(0, size(ranking) - 1) AS i
WITH ranking[i] AS unit, i + 1 AS rank, size(ranking) AS ranked
WHERE rank <= $top OR rank > ranked - $top
RETURN rank, unit.uscc AS uscc, unit.name AS name, unit.points AS points, unit.bonus AS bonus,
       unit.total AS total, unit.activities AS activities, ranked
ORDER BY rank
