-- What is wrong with the organization tree: the faults every rebuild of the tree stores
-- (``tree_faults``, store/tree.py says what each is), each naming the event (or, for the tree
-- as it stands now, the organization) it comes from. An import's checks read them from the
-- tree a scratch copy derives from the files, or, when the files change no organization and
-- no event, from the database's own tree (0,6–0,8 s of every national dry run when they were
-- found again each time).
-- Grain: one row = one fault of one event (event_date null: of the catalogue's row).
-- Parameters: none
-- Columns: org_code, event_date, event, fault, value

select org_code, event_date, event, fault, value
from tree_faults
order by org_code, event_date nulls first, fault
