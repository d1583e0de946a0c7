// name: changes/agreements_begun
// title.zh: 新签订的共建协议
// title.en: Agreements signed
// answers.zh: 本链哪些共建协议的签约日期落在起始日期至截止日期之间（含两端）？列出各方单位。
// answers.en: Which of the chain's agreements were signed between the first and the last day of the period (both included)? Their parties are listed.
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: from date = to-3m | 起始日期（含当日） | First day of the period (included)
// param: to date = today | 截止日期（含当日） | Last day of the period (included)
// mode: read
MATCH (c:Chain {name: $chain})
MATCH (a:Agreement)-[:AGREEMENT_OF]->(c)
WHERE a.signed_on >= date($from) AND a.signed_on <= date($to)
OPTIONAL MATCH (o:Organization)-[:PARTY_TO]->(a)
WITH a, o ORDER BY o.name
WITH a, collect(o.name) AS parties
RETURN a.number AS number, a.title AS title, a.signed_on AS signed_on, a.ends_on AS ends_on,
       parties
ORDER BY signed_on, number
