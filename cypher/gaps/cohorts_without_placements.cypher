// name: gaps/cohorts_without_placements
// title.zh: 有实习无定向录用的人才批次
// title.en: Cohorts with interns but no placements
// answers.zh: 本链在册成员高校截至查看日期所在年份的人才批次中，哪些有学生到金融机构实习，却没有一人定向录用？
// answers.en: Which talent cohorts of the chain's member universities, up to the year of the viewing date, sent interns to financial institutions but had nobody placed?
// param: chain text = 金桥红链 | 党建链名称 | Name of the chain
// param: as_of date = today | 查看日期：计入该年及以前的批次，按当日在册的高校计算 | Count cohorts of this date's year and earlier, of universities that are members on this date
// mode: read
// columns: code, university, year, trained, interns
// order: 150
// advice.zh: 与接收实习的金融机构复盘实习评价，争取定向岗位；把未录用的学员推荐进南沙金融人才库。
// advice.en: Review the interns' assessments with the institutions that took them and press for targeted places; recommend those not placed to the Nansha finance talent pool.
MATCH (c:Chain {name: $chain})
MATCH (k:Cohort)-[:COHORT_OF]->(u:University)-[m:MEMBER_OF]->(c)
WHERE k.year <= date($as_of).year
  AND (m.joined_on IS NULL OR m.joined_on <= date($as_of))
  AND (m.left_on IS NULL OR m.left_on > date($as_of))
OPTIONAL MATCH (k)-[pw:PLACED_WITH]->(:FinancialInstitution)
// toInteger(): FalkorDB returns every sum() as a float, Neo4j an integer sum of integers.
WITH k, u, toInteger(sum(coalesce(pw.interns, 0))) AS interns,
     toInteger(sum(coalesce(pw.placed, 0))) AS placed
WHERE interns > 0 AND placed = 0
RETURN k.code AS code, u.name AS university, u.uscc AS uscc, k.year AS year,
       k.trained AS trained, interns
ORDER BY year, code
