// name: explore/neighbours
// title.zh: 共建伙伴
// title.en: Partners of a unit
// answers.zh: 一个单位（按统一社会信用代码或准确名称）在查看日期有哪些现行共建伙伴？列出共建类型和起止日期。
// answers.en: Which current partners does a unit (by credit code or exact name) have on the viewing date? With the kind of partnership and its dates.
// param: key text | 统一社会信用代码或准确名称 | Credit code or exact name
// param: as_of date = today | 查看日期：按当日有效的共建关系计算 | Partnerships current on this date
// mode: read
MATCH (o:Organization)-[r:PARTNERS_WITH]-(p:Organization)
WHERE (o.uscc = $key OR o.name = $key)
  AND (r.since IS NULL OR r.since <= date($as_of))
  AND (r.until IS NULL OR r.until > date($as_of))
RETURN DISTINCT p.uscc AS uscc, p.name AS name,
       [l IN labels(p) WHERE l <> 'Organization'][0] AS domain,
       r.kind AS kind, r.since AS since, r.until AS until
ORDER BY name, uscc
