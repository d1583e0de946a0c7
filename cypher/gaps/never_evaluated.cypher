// name: gaps/never_evaluated
// title.zh: 从未评约的单位
// title.en: Units never evaluated
// answers.zh: 哪些单位是本链应当评约的协议（查看日期前已到期，或履约开始早于 due）的协议方，却没有一份协议在查看日期前评约过？列出这些应评约协议。
// answers.en: Which units are party to agreements of the chain that are due for evaluation (ended before the viewing date, or carried out since before `due`) and have had no agreement evaluated by the viewing date? The agreements due are listed.
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: as_of date = today | 查看日期：按当日的协议阶段计算 | View the agreements as they stood on this date
// param: due date = as_of-1y | 履约开始早于此日期（不含）的协议应已评约 | Agreements carried out since before this date (not included) are due for evaluation
// mode: read
// columns: name, uscc, agreements, numbers
// order: 160
// advice.zh: 组织这些协议的评约：由链主单位牵头打分并写出评约意见，作为续签和积分的依据。
// advice.en: Hold the evaluation of these agreements: the chain master scores them and writes the remarks, on which renewal and points then rest.
MATCH (c:Chain {name: $chain})
MATCH (o:Organization)-[:PARTY_TO]->(a:Agreement)-[:AGREEMENT_OF]->(c)
WITH o, a,
     coalesce(a.ends_on < date($as_of), false)
       OR coalesce(a.performing_on < date($due), false) AS due,
     coalesce(a.evaluated_on <= date($as_of), false) AS evaluated
ORDER BY a.number
WITH o,
     collect(CASE WHEN due THEN a.number END) AS numbers,
     sum(CASE WHEN evaluated THEN 1 ELSE 0 END) AS evaluated
WHERE size(numbers) > 0 AND evaluated = 0
RETURN o.name AS name, o.uscc AS uscc, size(numbers) AS agreements, numbers
ORDER BY name, uscc
