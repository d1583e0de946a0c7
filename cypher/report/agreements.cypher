// name: report/agreements
// title.zh: 共建协议及其阶段
// title.en: Agreements and their stages
// answers.zh: 本链的共建协议在统计期末各处于哪个阶段（谈约、签约、亮约、履约、评约）？各阶段有几份仍然有效、几份在统计期内签约？
// answers.en: At which stage (negotiating, signed, made public, carrying out, evaluated) is each of the chain's agreements on the last day of the period, and per stage how many are in force and how many were signed in the period?
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: from date = to-1y | 统计期开始（含） | First day of the period
// param: to date = today | 统计期结束（含）：按当日在册的成员和有效的关系计算 | Last day of the period; members and links as they stood that day
// mode: read
MATCH (c:Chain {name: $chain})
MATCH (a:Agreement)-[:AGREEMENT_OF]->(c)
WITH a,
     CASE
       WHEN a.evaluated_on <= date($to) THEN '评约'
       WHEN a.performing_on <= date($to) THEN '履约'
       WHEN a.published_on <= date($to) THEN '亮约'
       WHEN a.signed_on <= date($to) THEN '签约'
       WHEN a.negotiated_on <= date($to) THEN '谈约'
     END AS stage,
     a.signed_on IS NOT NULL AND a.signed_on <= date($to)
       AND (a.ends_on IS NULL OR a.ends_on >= date($to)) AS in_force,
     a.signed_on >= date($from) AND a.signed_on <= date($to) AS signed
WHERE stage IS NOT NULL
RETURN stage, count(a) AS agreements,
       toInteger(sum(CASE WHEN in_force THEN 1 ELSE 0 END)) AS in_force,
       toInteger(sum(CASE WHEN signed THEN 1 ELSE 0 END)) AS signed
ORDER BY stage
