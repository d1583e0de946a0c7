// name: gaps/agreements_ending
// title.zh: 即将到期且未续签的协议
// title.en: Agreements ending with no renewal under way
// answers.zh: 本链哪些已签约、在查看日期仍然有效的共建协议将在 days 天内（含当日）到期，而且没有正在进行的续签（没有续签协议，或续签协议在查看日期还没有进入任何阶段）？
// answers.en: Which of the chain's signed agreements, in force on the viewing date, end within `days` days (that day included) with no renewal under way (no agreement renews it, or the one that does has reached no stage by the viewing date)?
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: as_of date = today | 查看日期：按当日的协议阶段和续签情况计算 | View the agreements as they stood on this date
// param: days int = 60 | 几天内到期 | Ends within this many days
// param: ends_by date = as_of+{days}d | 到期日不晚于此日（含），默认为查看日期后 days 天 | Ends on or before this date; days after the viewing date unless given
// mode: read
// columns: number, title, ends_on, parties
// order: 100
// advice.zh: 提醒各方联络员启动续签：先谈约，确定新的资源清单和需求清单，赶在到期前签约。
// advice.en: Ask each party's liaison to start the renewal: negotiate the new lists of resources and needs, and sign before the agreement ends.
MATCH (c:Chain {name: $chain})
MATCH (a:Agreement)-[:AGREEMENT_OF]->(c)
WHERE a.signed_on <= date($as_of)
  AND a.ends_on >= date($as_of)
  AND a.ends_on <= date($ends_by)
// A renewal is under way once it has reached its first stage, or when it is recorded undated.
OPTIONAL MATCH (n:Agreement)-[:RENEWS]->(a)
WHERE coalesce(n.negotiated_on, n.signed_on, n.published_on, n.performing_on, n.evaluated_on)
      IS NULL
   OR coalesce(n.negotiated_on, n.signed_on, n.published_on, n.performing_on, n.evaluated_on)
      <= date($as_of)
WITH a, count(n) AS renewals
WHERE renewals = 0
OPTIONAL MATCH (o:Organization)-[:PARTY_TO]->(a)
WITH a, o
ORDER BY o.name
WITH a, collect(o.name) AS parties
RETURN a.number AS number, a.title AS title, a.ends_on AS ends_on, parties
ORDER BY ends_on, number
