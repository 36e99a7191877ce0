% Countries written as names or in capitals, a class misspelt, a percentage as text.
product(p). ma_in(p, japan). ma_in(p, "JP"). ma_in(p, "Sveits").
class(p, vacine).
thc_percent(p, "20%").
received(a1, "01.07.2024", 1245).
?- requires_approval(p).
