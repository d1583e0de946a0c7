// name: gaps/cut_units
// title.zh: 关键节点单位
// title.en: Cut units
// answers.zh: 哪些成员一旦退出，成员网络就会断成几块（图论中的割点）？列出会断成几块，以及会与最大一块分开的单位数。
// answers.en: Which members would split the member network if they left (articulation points)? Listed with the number of pieces left behind and how many units would be cut off from the largest piece.
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: as_of date = today | 查看日期：按当日在册的成员和有效的共建关系计算 | View the network as it stood on this date
// mode: read
// columns: name, uscc, pieces, separated
// order: 90
// compute: articulation_points
// note.zh: 本文件的 Cypher 只取出成员网络（每个成员及其现行共建关系指向的成员）；割点由 redchain 在 Python 中用 Tarjan 算法计算，两种引擎都没有可移植的 Cypher 写法。
// note.en: The Cypher in this file only fetches the member network (each member with the members its current partnerships point to); redchain finds the articulation points in Python with Tarjan's algorithm, as neither engine can do it in portable Cypher.
// advice.zh: 在关键节点两侧的单位之间再建一条共建关系，避免一家单位退出就使链条断开。
// advice.en: Add a partnership that bridges the two sides of each cut unit, so that no single departure breaks the chain.
MATCH (c:Chain {name: $chain})
MATCH (o:Organization)-[m:MEMBER_OF]->(c)
WHERE (m.joined_on IS NULL OR m.joined_on <= date($as_of))
  AND (m.left_on IS NULL OR m.left_on > date($as_of))
// Each partnership once, under the member it starts from: Python reads it both ways.
OPTIONAL MATCH (o)-[r:PARTNERS_WITH]->(p:Organization)-[pm:MEMBER_OF]->(c)
WHERE p <> o
  AND (r.since IS NULL OR r.since <= date($as_of))
  AND (r.until IS NULL OR r.until > date($as_of))
  AND (pm.joined_on IS NULL OR pm.joined_on <= date($as_of))
  AND (pm.left_on IS NULL OR pm.left_on > date($as_of))
WITH c, o, collect(p.uscc) AS partners
OPTIONAL MATCH (c)-[led:LED_BY]->(o)
RETURN o.uscc AS uscc, o.name AS name, led IS NOT NULL AS is_master, partners
ORDER BY uscc
