-- The base organizations of the catalogue that the filters select and the words typed into a
-- picker's search match — every word is part of the name or of the code, case and accents
-- ignored (the macro ``search_key``) — the first ``$limit`` by name: a picker lists these when
-- the catalogue is too long to list whole (278.070 organizations at national scale).
-- Grain: one row = one base organization.
-- Parameters: $scope (a committee's code, null = the database's own superior); filters
--     $sectors, $org_types, $orgs (lists, null = all); $find (the words typed), $limit (how
--     many at most)
-- Columns: org_code, org_name

with words as (
    select distinct unnest(string_split(search_key($find), ' ')) as word
),

asked as (
    select word from words where word <> ''
),

keyed as (
    select org_code, org_name, search_key(org_name) || ' ' || search_key(org_code) as search
    from filtered_base_orgs($scope, $sectors, $org_types, $orgs)
),

final as (
    select keyed.org_code, keyed.org_name
    from keyed
    join asked on contains(keyed.search, asked.word)
    group by keyed.org_code, keyed.org_name
    having count(*) = (select count(*) from asked)
)

select * from final
order by org_name, org_code
limit $limit
