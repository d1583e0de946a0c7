// name: changes/agreements_ended
// title.zh: 到期的共建协议
// title.en: Agreements ended
// answers.zh: 本链哪些共建协议的到期日期落在起始日期至截止日期之间（含两端）？若已有续签协议，一并列出。
// answers.en: Which of the chain's agreements reached their end date between the first and the last day of the period (both included)? The agreements renewing them, if any, are listed.
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: from date = to-3m | 起始日期（含当日） | First day of the period (included)
// param: to date = today | 截止日期（含当日） | Last day of the period (included)
// mode: read
MATCH (c:Chain {name: $chain})
MATCH (a:Agreement)-[:AGREEMENT_OF]->(c)
WHERE a.ends_on >= date($from) AND a.ends_on <= date($to)
OPTIONAL MATCH (n:Agreement)-[:RENEWS]->(a)
WITH a, n ORDER BY n.number
WITH a, collect(n.number) AS renewed_by
RETURN a.number AS number, a.title AS title, a.stage AS stage, a.ends_on AS ends_on, renewed_by
ORDER BY ends_on, number
