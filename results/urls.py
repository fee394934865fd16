app_name = "results"

urlpatterns = []
