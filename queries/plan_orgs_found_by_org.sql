-- What the report form's search finds: the organizations with a remediation plan whose name or
-- code holds every word of $find (case and accents ignored: the macro ``search_key``, as the
-- pickers search). The form keeps, of the plans it offers, those of these organizations: a
-- national committee holds 18.879 plans, and the form lists a few hundred.
-- Grain: one row = one organization.
-- Parameters: $find (the words typed; '' finds none)
-- Columns: org_code

with asked as (
    select distinct unnest(string_split(search_key($find), ' ')) as word
),

words as (
    select word from asked where word <> ''
),

planned as (
    select distinct items.org_code, orgs.org_name
    from remediation_items as items
    join organizations as orgs using (org_code)
),

final as (
    select planned.org_code
    from planned
    join words
        on contains(search_key(planned.org_name) || ' ' || search_key(planned.org_code), words.word)
    group by planned.org_code
    having count(*) = (select count(*) from words)
)

select * from final
order by org_code
