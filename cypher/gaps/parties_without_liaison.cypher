// name: gaps/parties_without_liaison
// title.zh: 没有联络员的协议方
// title.en: Parties without a liaison
// answers.zh: 本链查看日期时已开始、尚未到期的协议中，哪些协议方没有登记联络员？
// answers.en: Which parties to the chain's agreements (begun and not ended on the viewing date) have no liaison recorded?
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: as_of date = today | 查看日期：只看当日已开始、尚未到期的协议 | Only agreements begun and not ended on this date
// mode: read
// columns: agreement, title, name, uscc, role
// order: 140
// advice.zh: 请这些单位指定一名联络员（只登记姓名和职务），在协议各方文件中补上后重新导入。
// advice.en: Ask each of these units to name a liaison (name and role only), add it to the agreement parties file and import it again.
MATCH (c:Chain {name: $chain})
MATCH (a:Agreement)-[:AGREEMENT_OF]->(c)
WHERE (a.ends_on IS NULL OR a.ends_on >= date($as_of))
  AND (coalesce(a.negotiated_on, a.signed_on, a.published_on, a.performing_on, a.evaluated_on)
       IS NULL
    OR coalesce(a.negotiated_on, a.signed_on, a.published_on, a.performing_on, a.evaluated_on)
       <= date($as_of))
MATCH (o:Organization)-[p:PARTY_TO]->(a)
WHERE p.liaison IS NULL OR trim(p.liaison) = ''
RETURN a.number AS agreement, a.title AS title, o.name AS name, o.uscc AS uscc, p.role AS role
ORDER BY agreement, name, uscc
