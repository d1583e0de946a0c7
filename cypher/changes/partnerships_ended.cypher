// name: changes/partnerships_ended
// title.zh: 结束的共建关系
// title.en: Partnerships ended
// answers.zh: 哪些共建关系的结束日期落在起始日期至截止日期之间（含两端）？至少一方是本链成员（任何时候）。
// answers.en: Which partnerships ended between the first and the last day of the period (both included)? At least one side is a member of the chain (at any time).
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: from date = to-3m | 起始日期（含当日） | First day of the period (included)
// param: to date = today | 截止日期（含当日） | Last day of the period (included)
// mode: read
MATCH (c:Chain {name: $chain})
MATCH (a:Organization)-[r:PARTNERS_WITH]->(b:Organization)
WHERE r.until >= date($from) AND r.until <= date($to)
OPTIONAL MATCH (a)-[ma:MEMBER_OF]->(c)
OPTIONAL MATCH (b)-[mb:MEMBER_OF]->(c)
WITH a, b, r.kind AS kind, r.since AS since, r.until AS until, count(ma) + count(mb) AS ties
WHERE ties > 0
RETURN a.uscc AS a_uscc, a.name AS a_name, b.uscc AS b_uscc, b.name AS b_name, kind, since,
       until
ORDER BY until, a_name, b_name, a_uscc, b_uscc
