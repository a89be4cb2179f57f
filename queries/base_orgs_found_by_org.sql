-- What an organization picker lists when words are typed into its search: the base
-- organizations of the catalogue that the filters select and the words match — every word is
-- part of the name or of the code, case and accents ignored (the macro ``search_key``) — the
-- first ``$limit`` by name. Without words, the picker reads base_orgs_listed_by_org.
-- Grain: one row = one base organization.
-- Parameters: $scope (a committee's code, null = the database's own superior); filters
--     $sectors, $org_types, $orgs (lists, null = all); $find (the words typed), $limit (how
--     many rows at most)
-- Columns: org_code, org_name

with asked as (
    select distinct unnest(string_split(search_key($find), ' ')) as word
),

words as (
    select word from asked where word <> ''
),

keyed as (
    select org_code, org_name, search_key(org_name) || ' ' || search_key(org_code) as search
    from filtered_base_orgs($scope, $sectors, $org_types, $orgs)
),

final as (
    select keyed.org_code, keyed.org_name
    from keyed
    join words on contains(keyed.search, words.word)
    group by keyed.org_code, keyed.org_name
    having count(*) = (select count(*) from words)
)

select * from final
order by org_name, org_code
limit $limit
