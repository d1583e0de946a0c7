// name: gaps/unmatched_needs
// title.zh: 无人对接的需求
// title.en: Unmatched needs
// answers.zh: 本链查看日期时已开始、尚未到期的协议中，哪些协议方列出的需求，同一协议的其他各方都没有在该协议的资源清单中提供？offered_by 列出本链其他提供这一项的在册成员（没有则为空）。
// answers.en: Which needs listed by a party to one of the chain's agreements (begun and not ended on the viewing date) does no fellow party offer in that agreement's list of resources? offered_by lists the other members of the chain that offer the item (empty when none does).
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: as_of date = today | 查看日期：只看当日已开始、尚未到期的协议和在册成员 | Only agreements begun and not ended, and members, on this date
// mode: read
// columns: agreement, name, item, offered_by
// order: 130
// advice.zh: 有其他单位提供的，牵线对接，必要时把该单位纳入协议或另签协议；全链都没有的，在链上征集或向上级反映。
// advice.en: Where another unit offers it, introduce the two and bring that unit into the agreement or a new one; where no unit of the chain does, ask the whole chain or raise it with the district.
MATCH (c:Chain {name: $chain})
MATCH (a:Agreement)-[:AGREEMENT_OF]->(c)
WHERE (a.ends_on IS NULL OR a.ends_on >= date($as_of))
  AND (coalesce(a.negotiated_on, a.signed_on, a.published_on, a.performing_on, a.evaluated_on)
       IS NULL
    OR coalesce(a.negotiated_on, a.signed_on, a.published_on, a.performing_on, a.evaluated_on)
       <= date($as_of))
MATCH (o:Organization)-[:PARTY_TO]->(a)
MATCH (o)-[n:NEEDS]->(i:Item)
WHERE n.agreement = a.number
OPTIONAL MATCH (i)<-[fo:OFFERS]-(f:Organization)-[:PARTY_TO]->(a)
WHERE f <> o AND fo.agreement = a.number
WITH c, a, o, i, count(fo) AS offered
WHERE offered = 0
OPTIONAL MATCH (i)<-[:OFFERS]-(s:Organization)-[sm:MEMBER_OF]->(c)
WHERE s <> o
  AND (sm.joined_on IS NULL OR sm.joined_on <= date($as_of))
  AND (sm.left_on IS NULL OR sm.left_on > date($as_of))
WITH a, o, i, s
ORDER BY s.name
WITH a, o, i, collect(DISTINCT s.name) AS offered_by
RETURN a.number AS agreement, o.name AS name, o.uscc AS uscc, i.key AS item, offered_by
ORDER BY agreement, name, uscc, item
