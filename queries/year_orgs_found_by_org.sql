-- What the status form offers for a year: the base organizations of the year $year that the
-- filters select — when $find holds words, those whose name or code holds every word (case
-- and accents ignored: the macro ``search_key``, as the pickers search); when $unrated, only
-- those not rated that year — the first $limit by name (``found``). The organization $chosen
-- is listed too whatever the words (``found`` false when they did not find it), when the year
-- and the filters hold it: a choice stays visible. A year may hold 256.308 base organizations
-- (national scale): the form lists a few hundred.
-- Grain: one row = one base organization of the year.
-- Parameters: $scope (a committee's code, null = the database's own superior), $year;
--     filters $sectors, $org_types, $orgs (lists, null = all); $find (the words typed, '' =
--     none), $unrated (true: the unrated only), $chosen (a code, or null), $limit (how many
--     rows found at most)
-- Columns: org_code, org_name, org_rated, found

with year_orgs as (
    select org_code, org_name, org_rated
    from filtered_base_org_years($scope, $year, $year, $sectors, $org_types, $orgs)
),

asked as (
    select distinct unnest(string_split(search_key($find), ' ')) as word
),

words as (
    select word from asked where word <> ''
),

offered as (
    select org_code, org_name, org_rated
    from year_orgs
    where not $unrated or org_rated = 0
),

-- no words: every organization offered (this branch and the next are folded away by $find)
unsearched as (
    select org_code, org_name, org_rated
    from offered
    where $find = ''
),

searched as (
    select offered.org_code, offered.org_name, offered.org_rated
    from offered
    join words
        on contains(search_key(offered.org_name) || ' ' || search_key(offered.org_code), words.word)
    where $find <> ''
    group by offered.org_code, offered.org_name, offered.org_rated
    having count(*) = (select count(*) from words)
),

listed as (
    select * from (select * from unsearched union all select * from searched)
    order by org_name, org_code
    limit $limit
),

final as (
    select org_code, org_name, org_rated, true as found
    from listed
    union all
    select org_code, org_name, org_rated, false as found
    from year_orgs
    where org_code = $chosen and org_code not in (select org_code from listed)
)

select * from final
order by org_name, org_code
