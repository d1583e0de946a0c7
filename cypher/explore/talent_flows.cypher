// name: explore/talent_flows
// title.zh: 人才输送明细
// title.en: Talent flows
// answers.zh: 哪些高校向哪些金融机构输送了人才？按年份列出实习和录用人数，截至查看日期所在年份。
// answers.en: Which universities sent talent to which financial institutions? Interns and hires by year, up to the year of the viewing date.
// param: as_of date = today | 查看日期：计入该年及以前的人才输送 | Count talent links of this date's year and earlier
// mode: read
MATCH (u:Organization)-[t:SUPPLIES_TALENT]->(f:Organization)
WHERE t.year <= date($as_of).year
RETURN u.uscc AS university_uscc, u.name AS university, f.uscc AS institution_uscc,
       f.name AS institution, t.year AS year, t.interns AS interns, t.hires AS hires
ORDER BY year DESC, university, institution
