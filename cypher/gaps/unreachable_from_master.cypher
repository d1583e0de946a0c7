// name: gaps/unreachable_from_master
// title.zh: 链主单位触达不到的成员
// title.en: Members out of the chain master's reach
// answers.zh: 沿现行共建关系（不论方向）走不超过 hops 步，链主单位到不了哪些成员？列出实际距离（完全不连通时为空）。
// answers.en: Which members can the chain master not reach within `hops` steps along current partnerships (either direction)? The actual distance is listed (empty when not connected at all).
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: as_of date = today | 查看日期：按当日在册的成员和有效的共建关系计算 | View the network as it stood on this date
// param: hops int = 3 | 最多几步 | Most steps allowed
// mode: read
// columns: name, uscc, distance
// order: 70
// caveat.zh: 查看日期的在册成员中没有本链的链主单位（或未登记链主单位），因此所有成员都列为触达不到。
// caveat.en: The chain master is not among the members on the viewing date (or none is recorded), so every member is listed as out of reach.
// compute: reachability
// note.zh: 本文件的 Cypher 只取出成员网络（每个成员及其现行共建关系指向的成员）；距离由 redchain 在 Python 中按广度优先计算。变长路径的步数不能作参数，且两种引擎对路径上关系的过滤写法不一致，所以不在 Cypher 中计算。
// note.en: The Cypher in this file only fetches the member network (each member with the members its current partnerships point to); redchain computes the distances in Python by breadth-first search. A variable-length pattern cannot take its length as a parameter, and filtering every relationship on the path is written differently on the two engines, so the walk is not done in Cypher.
// advice.zh: 为这些成员与链主单位或其直接伙伴建立共建关系，缩短联系链条。
// advice.en: Link these members to the chain master or one of its direct partners so that the chain reaches them in fewer steps.
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
