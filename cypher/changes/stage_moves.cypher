// name: changes/stage_moves
// title.zh: 协议阶段变化
// title.en: Agreement stage moves
// answers.zh: 本链协议在起始日期至截止日期之间（含两端）进入了哪些阶段（谈约、签约、亮约、履约、评约）？每个落在期内的阶段日期一行，列出此前所处阶段。
// answers.en: Which stages (negotiating, signed, made public, carrying out, evaluated) did the chain's agreements reach between the first and the last day of the period (both included)? One row per stage date in the period, with the stage the agreement was at before.
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: from date = to-3m | 起始日期（含当日） | First day of the period (included)
// param: to date = today | 截止日期（含当日） | Last day of the period (included)
// mode: read
MATCH (c:Chain {name: $chain})
MATCH (a:Agreement)-[:AGREEMENT_OF]->(c)
WITH a, ['谈约', '签约', '亮约', '履约', '评约'] AS stages,
     [a.negotiated_on, a.signed_on, a.published_on, a.performing_on, a.evaluated_on] AS dates
UNWIND range(0, size(stages) - 1) AS step
WITH a, stages, dates, step
WHERE dates[step] >= date($from) AND dates[step] <= date($to)
WITH a, step, stages[step] AS to_stage, dates[step] AS moved_on,
     [j IN range(0, step - 1) WHERE dates[j] IS NOT NULL | stages[j]] AS before
RETURN a.number AS number, a.title AS title,
       CASE WHEN size(before) = 0 THEN null ELSE before[size(before) - 1] END AS from_stage,
       to_stage, moved_on
ORDER BY moved_on, number, step
