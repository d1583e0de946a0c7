// name: gaps/agreements_stalled
// title.zh: 停滞不前的协议
// title.en: Stalled agreements
// answers.zh: 本链哪些未到期的协议停在谈约、签约或亮约阶段已超过 days 天（按查看日期时所处的阶段及其日期计算）？履约阶段本身就会持续，不算停滞；长期履约而未评约的见“从未评约的单位”。
// answers.en: Which of the chain's agreements that have not ended have stayed at negotiating, signed or made public for more than `days` days (the stage they were at on the viewing date, from that stage's date)? Carrying out lasts by nature and is not stalling; long performance without evaluation is in "Units never evaluated".
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: as_of date = today | 查看日期：按当日所处的阶段计算 | View the agreements as they stood on this date
// param: days int = 90 | 停留超过几天算停滞 | More days than this at one stage is stalling
// param: stuck_since date = as_of-{days}d | 阶段日期早于此日（不含）即为停滞，默认为查看日期前 days 天 | A stage reached before this date (not included) is stalling; days before the viewing date unless given
// mode: read
// columns: number, title, stage, stage_since, parties
// order: 110
// advice.zh: 与发起方联络员核实卡在哪一步：谈约久拖的，明确双方清单后签约；签约未亮约的，安排公开亮约；亮约后尽快开展第一次共建活动进入履约。
// advice.en: Ask the initiator's liaison where it is stuck: settle both lists and sign an agreement long in negotiation, make a signed one public, and hold the first joint activity of a public one so that it is carried out.
MATCH (c:Chain {name: $chain})
MATCH (a:Agreement)-[:AGREEMENT_OF]->(c)
WHERE a.ends_on IS NULL OR a.ends_on >= date($as_of)
WITH a,
     CASE
       WHEN a.evaluated_on <= date($as_of) THEN '评约'
       WHEN a.performing_on <= date($as_of) THEN '履约'
       WHEN a.published_on <= date($as_of) THEN '亮约'
       WHEN a.signed_on <= date($as_of) THEN '签约'
       WHEN a.negotiated_on <= date($as_of) THEN '谈约'
     END AS stage
WHERE stage IN ['谈约', '签约', '亮约']
WITH a, stage,
     CASE stage
       WHEN '亮约' THEN a.published_on
       WHEN '签约' THEN a.signed_on
       ELSE a.negotiated_on
     END AS stage_since
WHERE stage_since < date($stuck_since)
OPTIONAL MATCH (o:Organization)-[:PARTY_TO]->(a)
WITH a, stage, stage_since, o
ORDER BY o.name
WITH a, stage, stage_since, collect(o.name) AS parties
RETURN a.number AS number, a.title AS title, stage, stage_since, parties
ORDER BY stage_since, number
