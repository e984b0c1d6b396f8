-- a PIT holds exactly one row per hub key and as-of date, and every hub key at every as-of date
select customer_hk, as_of_date, count(*) as n
from {{ ref('more_pit_customer') }}
group by customer_hk, as_of_date
having count(*) <> 1
union all
select h.customer_hk, a.as_of_date, 0
from {{ ref('more_hub_customer') }} as h
cross join {{ ref('more_as_of_dates') }} as a
where not exists (select 1 from {{ ref('more_pit_customer') }} as p
                  where p.customer_hk = h.customer_hk and p.as_of_date = a.as_of_date)
