// name: gaps/unmatched_needs
// title.zh: 无人对接的需求
// title.en: Unmatched needs
// answers.zh: 本链查看日期时已开始、尚未到期的协议中，哪些协议方列出的需求，同一协议的其他各方都没有在该协议的资源清单中提供？offered_by 按名称列出本链其他提供这一项的在册成员（最多 show 家，没有则为空），offerers 是这样的成员共有几家。
// answers.en: Which needs listed by a party to one of the chain's agreements (begun and not ended on the viewing date) does no fellow party offer in that agreement's list of resources? offered_by names the other members of the chain that offer the item (at most `show`, by name; empty when none does), offerers counts them.
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: as_of date = today | 查看日期：只看当日已开始、尚未到期的协议和在册成员 | Only agreements begun and not ended, and members, on this date
// param: show int = 5 | offered_by 最多列出几家（按名称） | At most this many units named in offered_by (by name)
// mode: read
// columns: agreement, name, item, offered_by, offerers
// order: 130
// advice.zh: 有其他单位提供的，牵线对接，必要时把该单位纳入协议或另签协议；全链都没有的，在链上征集或向上级反映。
// advice.en: Where another unit offers it, introduce the two and bring that unit into the agreement or a new one; where no unit of the chain does, ask the whole chain or raise it with the district.
MATCH (c:Chain {name: $chain})
// Each kind of item once, with the members that offer it by name; then the needs of it. Both
// ways round keep the long lists of offerers on one row per item, not on every need.
MATCH (i:Item)
OPTIONAL MATCH (i)<-[:OFFERS]-(s:Organization)-[sm:MEMBER_OF]->(c)
WHERE (sm.joined_on IS NULL OR sm.joined_on <= date($as_of))
  AND (sm.left_on IS NULL OR sm.left_on > date($as_of))
WITH c, i, s
ORDER BY s.name, s.uscc
WITH c, i, collect(DISTINCT s) AS offering
WITH c, i, [x IN offering | x.uscc] AS usccs, [x IN offering[0..$show + 1] | x.name] AS names
MATCH (i)<-[n:NEEDS]-(o:Organization)-[:PARTY_TO]->(a:Agreement)-[:AGREEMENT_OF]->(c)
WHERE n.agreement = a.number
  AND (a.ends_on IS NULL OR a.ends_on >= date($as_of))
  AND (coalesce(a.negotiated_on, a.signed_on, a.published_on, a.performing_on, a.evaluated_on)
       IS NULL
    OR coalesce(a.negotiated_on, a.signed_on, a.published_on, a.performing_on, a.evaluated_on)
       <= date($as_of))
// Walk from the agreement to its parties' offers: an item node is shared by the whole chain.
OPTIONAL MATCH (a)<-[:PARTY_TO]-(f:Organization)-[fo:OFFERS]->(j:Item)
WHERE f <> o AND fo.agreement = a.number AND j.key = i.key
WITH usccs, names, a, o, i, count(fo) AS offered
WHERE offered = 0
WITH a, o, i,
     size(usccs) - CASE WHEN o.uscc IN usccs THEN 1 ELSE 0 END AS offerers,
     [k IN range(0, size(names) - 1) WHERE usccs[k] <> o.uscc | names[k]] AS others
RETURN a.number AS agreement, o.name AS name, o.uscc AS uscc, i.key AS item,
       others[0..$show] AS offered_by, offerers
ORDER BY agreement, name, uscc, item
