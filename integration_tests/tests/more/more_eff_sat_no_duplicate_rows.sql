-- an effectivity satellite never stores the same relationship state twice at one load
select customer_order_hk, load_datetime, end_date, count(*) as n
from {{ ref('more_eff_sat_customer_order') }}
group by customer_order_hk, load_datetime, end_date
having count(*) > 1
