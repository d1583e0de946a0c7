// name: explore/search
// title.zh: 按名称查找单位
// title.en: Find units by name
// answers.zh: 名称、简称或英文名称中含有给定文字的单位有哪些？
// answers.en: Which units have the given text in their name, short name or English name?
// param: text text | 要查找的文字 | Text to look for
// param: limit int = 50 | 最多列出几个 | Most rows to list
// mode: read
MATCH (o:Organization)
WHERE o.name CONTAINS $text
   OR o.short_name CONTAINS $text
   OR toLower(o.name_en) CONTAINS toLower($text)
RETURN o.uscc AS uscc, o.name AS name, o.name_en AS name_en,
       [l IN labels(o) WHERE l <> 'Organization'][0] AS domain
ORDER BY name, uscc
LIMIT $limit
