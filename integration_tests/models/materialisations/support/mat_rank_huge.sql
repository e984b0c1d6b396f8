-- a rank past AutomateDV's iteration limit (100,000)
select 100001 as big_rank, 'x' as name
