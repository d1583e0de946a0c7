// name: gaps/nominal_partnerships
// title.zh: 有名无实的共建
// title.en: Nominal partnerships
// answers.zh: 本链哪些协议，以及协议之外的哪些共建关系，在整个最近 months 个月（含起止两日）都有效，却没有任何共同活动？协议的共同活动是归属该协议的活动或有两方共同参加的本链活动；共建关系的共同活动是双方共同参加的本链活动。last_joint 是查看日期前最近一次共同活动的日期。
// answers.en: Which of the chain's agreements, and which partnerships outside any agreement, have been in force for the whole of the last `months` months (both ends included) with no joint activity? An agreement's joint activity is one held under it, or one of the chain's activities two of its parties took part in; a partnership's is one of the chain's activities both units took part in. last_joint is the date of the latest one up to the viewing date.
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: as_of date = today | 查看日期：只计该日及以前的活动 | View the network as it stood on this date; later activities do not count
// param: months int = 6 | 最近几个月 | Months looked back
// param: window_from date = as_of-{months}m | 考察期开始（含），默认为查看日期前 months 个月 | First day looked at; months before the viewing date unless given
// mode: read
// columns: agreement, title, parties, since, last_joint
// order: 120
// advice.zh: 约双方联络员商定下一次共同活动（主题党日、志愿服务或讲学），把活动挂在协议下登记；确已停止合作的，办理解约或不再续签。
// advice.en: Have both liaisons agree the next joint activity (a themed party day, volunteering or a lecture) and record it under the agreement; where the partners have in fact stopped, end the agreement or let it lapse.
MATCH (c:Chain {name: $chain})
MATCH (a:Agreement)-[:AGREEMENT_OF]->(c)
WHERE a.signed_on <= date($window_from)
  AND (a.ends_on IS NULL OR a.ends_on >= date($as_of))
OPTIONAL MATCH (u:Activity)-[:UNDER]->(a)
WHERE u.date <= date($as_of)
WITH c, a, max(u.date) AS last_under
// From each party's own activities, whether a fellow party took part too: walking out from an
// activity to all its participants would cost the size of every activity.
OPTIONAL MATCH (p:Organization)-[:PARTY_TO]->(a)<-[:PARTY_TO]-(q:Organization)
WHERE p.uscc < q.uscc
OPTIONAL MATCH (p)-[:TOOK_PART_IN]->(j:Activity)-[:ACTIVITY_OF]->(c)
WHERE j.date <= date($as_of)
OPTIONAL MATCH (q)-[t:TOOK_PART_IN]->(j)
WITH a, last_under, max(CASE WHEN t IS NULL THEN null ELSE j.date END) AS last_together
WITH a,
     CASE
       WHEN last_under IS NULL THEN last_together
       WHEN last_together IS NULL OR last_under >= last_together THEN last_under
       ELSE last_together
     END AS last_joint
WHERE last_joint IS NULL OR last_joint < date($window_from)
OPTIONAL MATCH (o:Organization)-[:PARTY_TO]->(a)
WITH a, last_joint, o
ORDER BY o.name
WITH a, last_joint, collect(o.name) AS parties
RETURN a.number AS agreement, a.title AS title, parties, a.signed_on AS since, last_joint
ORDER BY agreement
UNION ALL
MATCH (c:Chain {name: $chain})
MATCH (x:Organization)-[mx:MEMBER_OF]->(c)
WHERE (mx.joined_on IS NULL OR mx.joined_on <= date($as_of))
  AND (mx.left_on IS NULL OR mx.left_on > date($as_of))
MATCH (x)-[r:PARTNERS_WITH]-(y:Organization)
WHERE x.uscc < y.uscc
  AND (r.since IS NULL OR r.since <= date($window_from))
  AND (r.until IS NULL OR r.until > date($as_of))
WITH c, x, y, min(r.since) AS since
MATCH (y)-[my:MEMBER_OF]->(c)
WHERE (my.joined_on IS NULL OR my.joined_on <= date($as_of))
  AND (my.left_on IS NULL OR my.left_on > date($as_of))
// A pair that shares an agreement of the chain is reported as that agreement, if at all.
OPTIONAL MATCH (x)-[:PARTY_TO]->(shared:Agreement)<-[:PARTY_TO]-(y)
OPTIONAL MATCH (shared)-[:AGREEMENT_OF]->(sc:Chain)
WHERE sc = c
WITH c, x, y, since, count(sc) AS agreements
WHERE agreements = 0
OPTIONAL MATCH (x)-[:TOOK_PART_IN]->(j:Activity)-[:ACTIVITY_OF]->(c)
WHERE j.date <= date($as_of)
OPTIONAL MATCH (y)-[t:TOOK_PART_IN]->(j)
WITH x, y, since, max(CASE WHEN t IS NULL THEN null ELSE j.date END) AS last_joint
WHERE last_joint IS NULL OR last_joint < date($window_from)
RETURN null AS agreement, null AS title, [x.name, y.name] AS parties, since, last_joint
ORDER BY parties[0], parties[1]
