// name: changes/agreements_renewed
// title.zh: 续签的共建协议
// title.en: Agreements renewed
// answers.zh: 本链哪些协议在起始日期至截止日期之间（含两端，按续签协议的签约日期）续签了此前的协议？
// answers.en: Which of the chain's agreements renewed an earlier one, by the renewing agreement's signing date between the first and the last day of the period (both included)?
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: from date = to-3m | 起始日期（含当日） | First day of the period (included)
// param: to date = today | 截止日期（含当日） | Last day of the period (included)
// mode: read
MATCH (c:Chain {name: $chain})
MATCH (n:Agreement)-[:AGREEMENT_OF]->(c)
WHERE n.signed_on >= date($from) AND n.signed_on <= date($to)
MATCH (n)-[:RENEWS]->(old:Agreement)
RETURN n.number AS number, n.title AS title, n.signed_on AS signed_on, old.number AS renews,
       old.title AS renews_title, old.ends_on AS renews_ends_on
ORDER BY signed_on, number, renews
