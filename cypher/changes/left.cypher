// name: changes/left
// title.zh: 退出的成员
// title.en: Units that left
// answers.zh: 哪些单位的退出日期落在起始日期至截止日期之间（含两端）？
// answers.en: Which units left the chain (their membership ended) between the first and the last day of the period (both included)?
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: from date = to-3m | 起始日期（含当日） | First day of the period (included)
// param: to date = today | 截止日期（含当日） | Last day of the period (included)
// mode: read
MATCH (c:Chain {name: $chain})
MATCH (o:Organization)-[m:MEMBER_OF]->(c)
WHERE m.left_on >= date($from) AND m.left_on <= date($to)
RETURN o.uscc AS uscc, o.name AS name, o.domain AS domain, m.joined_on AS joined_on,
       m.left_on AS left_on
ORDER BY left_on, name, uscc
